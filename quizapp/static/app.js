// Progressive enhancements only: every page works without this file.
"use strict";

/* Shared helpers */

// Create a polite live region next to `anchor`; it must exist before it speaks.
function addLiveRegion(anchor, className) {
  const region = document.createElement("span");
  region.className = `visually-hidden ${className}`;
  region.setAttribute("role", "status");
  anchor.after(region);
  return region;
}

function padTwo(number) {
  return String(number).padStart(2, "0");
}

/* Live countdown for timed tests */

const TIME_UP_MESSAGE = "Time is up - your answers so far are being scored";

// Show whole seconds as m:ss, or h:mm:ss for long limits.
function formatTimeLeft(totalSeconds) {
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = padTwo(totalSeconds % 60);
  return hours ? `${hours}:${padTwo(minutes)}:${seconds}` : `${minutes}:${seconds}`;
}

// Say the time only when it matters: every 5 minutes, each of the last 5, then 30 s and 10 s.
function spokenReminder(totalSeconds) {
  if (totalSeconds === 30 || totalSeconds === 10) {
    return `${totalSeconds} seconds left`;
  }
  const minutes = totalSeconds / 60;
  if (!Number.isInteger(minutes) || (minutes > 5 && minutes % 5 !== 0)) {
    return "";
  }
  return minutes === 1 ? "1 minute left" : `${minutes} minutes left`;
}

// Let the server score the attempt: it enforces the deadline itself.
function handInAnswers() {
  const finishForm = document.querySelector("form.finish-form");
  if (finishForm) {
    finishForm.requestSubmit();
  } else {
    window.location.reload();
  }
}

function startCountdown(deadlineElement) {
  const deadline = Date.parse(deadlineElement.dataset.deadline);
  const clock = deadlineElement.querySelector(".countdown");
  if (Number.isNaN(deadline) || !clock) {
    return;
  }
  // The clock changes every second, too often to speak; a quieter region speaks instead.
  clock.removeAttribute("aria-live");
  const announcer = addLiveRegion(clock, "countdown-announcer");
  let isFirstTick = true;

  const tick = () => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      clock.textContent = TIME_UP_MESSAGE;
      announcer.textContent = TIME_UP_MESSAGE;
      handInAnswers();
      return;
    }
    const seconds = Math.ceil(remaining / 1000);
    clock.textContent = `Time left: ${formatTimeLeft(seconds)}`;
    const reminder = isFirstTick ? "" : spokenReminder(seconds);
    if (reminder) {
      announcer.textContent = reminder;
    }
    isFirstTick = false;
    // Wake at the next whole second so the clock never lags the deadline.
    window.setTimeout(tick, remaining % 1000 || 1000);
  };
  tick();
}

/* Reorderable lists (ordering questions) */

function rowsOf(list) {
  return Array.from(list.querySelectorAll(":scope > li.row"));
}

function itemName(row) {
  return row.querySelector("label").textContent.trim();
}

function positionSelect(row) {
  return row.querySelector("select");
}

// The name starts with the visible text, so speech users can say it, then names the item.
function createMoveButton(row, direction) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "secondary move-button";
  button.dataset.move = direction;
  button.textContent = `Move ${direction}`;
  button.setAttribute("aria-label", `Move ${direction}: ${itemName(row)}`);
  return button;
}

function addMoveButtons(row) {
  const controls = document.createElement("span");
  controls.className = "row-controls";
  controls.append(createMoveButton(row, "up"), createMoveButton(row, "down"));
  row.append(controls);
}

// Swap with the neighbour by moving the neighbour, so focus inside `row` is never lost.
function shiftRow(row, direction) {
  const neighbour = direction === "up" ? row.previousElementSibling : row.nextElementSibling;
  if (!neighbour) {
    return false;
  }
  if (direction === "up") {
    row.after(neighbour);
  } else {
    row.before(neighbour);
  }
  return true;
}

// Put `dragged` where `target` is: before it when moving up, after it when moving down.
function dropRowOn(list, dragged, target) {
  const rows = rowsOf(list);
  if (rows.indexOf(dragged) > rows.indexOf(target)) {
    target.before(dragged);
  } else {
    target.after(dragged);
  }
}

// Give the selects the visual order, since the server reads positions from them.
function renumber(list) {
  rowsOf(list).forEach((row, index) => {
    positionSelect(row).value = String(index + 1);
  });
}

function markEnds(list) {
  const rows = rowsOf(list);
  rows.forEach((row, index) => {
    const up = row.querySelector("button[data-move=up]");
    const down = row.querySelector("button[data-move=down]");
    up.setAttribute("aria-disabled", String(index === 0));
    down.setAttribute("aria-disabled", String(index === rows.length - 1));
  });
}

// Order the rows by their selects when those hold each position exactly once.
function sortByPositions(list) {
  const rows = rowsOf(list);
  const positionOf = (row) => Number(positionSelect(row).value);
  const positions = rows.map(positionOf).sort((a, b) => a - b);
  const isPermutation = positions.every((position, index) => position === index + 1);
  const sorted = [...rows].sort((a, b) => positionOf(a) - positionOf(b));
  if (!isPermutation || sorted.every((row, index) => row === rows[index])) {
    return false;
  }
  list.append(...sorted);
  return true;
}

function describePosition(list, row, verb) {
  const rows = rowsOf(list);
  return `${itemName(row)} ${verb} position ${rows.indexOf(row) + 1} of ${rows.length}`;
}

function enableMoveButtons(list, announcer) {
  list.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-move]");
    if (!button) {
      return;
    }
    const row = button.closest("li.row");
    const moved = shiftRow(row, button.dataset.move);
    if (moved) {
      renumber(list);
      markEnds(list);
    }
    button.focus();
    announcer.textContent = describePosition(list, row, moved ? "moved to" : "is already at");
  });
}

function enableDragAndDrop(list, announcer) {
  let dragged = null;
  const markDropTarget = (target) => {
    for (const row of rowsOf(list)) {
      row.classList.toggle("is-drop-target", row === target && row !== dragged);
    }
  };
  const rowAt = (target) => {
    const row = target instanceof Element ? target.closest("li.row") : null;
    return row && row.parentElement === list ? row : null;
  };
  const rowUnder = (event) => (dragged ? rowAt(event.target) : null);

  for (const row of rowsOf(list)) {
    row.draggable = true;
  }
  list.addEventListener("dragstart", (event) => {
    dragged = rowAt(event.target);
    if (!dragged) {
      return;
    }
    dragged.classList.add("is-dragged");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", itemName(dragged));
  });
  list.addEventListener("dragover", (event) => {
    const target = rowUnder(event);
    if (!target) {
      return;
    }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    markDropTarget(target);
  });
  list.addEventListener("dragleave", (event) => {
    if (!list.contains(event.relatedTarget)) {
      markDropTarget(null);
    }
  });
  list.addEventListener("drop", (event) => {
    const target = rowUnder(event);
    if (!target) {
      return;
    }
    event.preventDefault();
    if (target !== dragged) {
      dropRowOn(list, dragged, target);
      renumber(list);
      markEnds(list);
    }
    announcer.textContent = describePosition(list, dragged, "moved to");
  });
  list.addEventListener("dragend", () => {
    markDropTarget(null);
    dragged?.classList.remove("is-dragged");
    dragged = null;
  });
}

// Follow a hand-made choice of positions once it is complete and consistent.
function enableSelectReordering(list, announcer) {
  list.addEventListener("change", (event) => {
    const select = event.target.closest("select");
    if (!select || !sortByPositions(list)) {
      return;
    }
    markEnds(list);
    select.focus();
    announcer.textContent = describePosition(list, select.closest("li.row"), "moved to");
  });
}

function enhanceReorderableList(list) {
  const rows = rowsOf(list);
  if (rows.length < 2 || !rows.every((row) => positionSelect(row) && row.querySelector("label"))) {
    return;
  }
  sortByPositions(list);
  rows.forEach(addMoveButtons);
  markEnds(list);
  list.classList.add("is-enhanced");
  const announcer = addLiveRegion(list, "reorder-announcer");
  enableMoveButtons(list, announcer);
  enableDragAndDrop(list, announcer);
  enableSelectReordering(list, announcer);
}

/* Forms */

const SUBMIT_BUTTONS = "button:not([type=button]):not([type=reset]), input[type=submit]";

// Ignore a second submit while the first is on its way; the server ignores replays too.
function preventDoubleSubmit(form) {
  form.addEventListener("submit", (event) => {
    if (form.dataset.submitting) {
      event.preventDefault();
      return;
    }
    form.dataset.submitting = "true";
    // aria-disabled, not disabled: a disabled submitter would drop its name from the POST.
    for (const button of form.querySelectorAll(SUBMIT_BUTTONS)) {
      button.setAttribute("aria-disabled", "true");
    }
  });
}

// A page restored by the Back button must accept a submit again.
function resetSubmittingForms() {
  for (const form of document.querySelectorAll("form[data-submitting]")) {
    delete form.dataset.submitting;
    for (const button of form.querySelectorAll(SUBMIT_BUTTONS)) {
      button.removeAttribute("aria-disabled");
    }
  }
}

// Focus the first field with an error, else the first field, and let it read out the question.
function focusAnswerField(form) {
  const scope = form.querySelector(".field-invalid") ?? form;
  const control = scope.querySelector(
    "input:not([type=hidden]):not([type=submit]), select, textarea"
  );
  if (!control) {
    return;
  }
  const prompt = document.querySelector(".prompt");
  if (prompt) {
    prompt.id ||= "question-prompt";
    const describedBy = control.getAttribute("aria-describedby");
    control.setAttribute("aria-describedby", [prompt.id, describedBy].filter(Boolean).join(" "));
  }
  control.focus();
}

/* Keyboard shortcuts for the answer loop: 1-9 pick, Enter submits, S skips, N goes on */

// Keys typed into these belong to the field, never to a shortcut.
const TYPING_FIELDS =
  "input:not([type=radio]):not([type=checkbox]):not([type=submit]):not([type=button])," +
  " textarea, select, [contenteditable]";
// Enter on these already does its own thing.
const NATIVE_ENTER = "a[href], button, input[type=submit], summary, textarea, select";

function isTyping(target) {
  return target instanceof Element && Boolean(target.closest(TYPING_FIELDS));
}

function choiceInputs(form) {
  return Array.from(form.querySelectorAll(".choice-tiles input[type=radio], .choice-tiles input[type=checkbox]"));
}

// Tick a radio (or toggle a checkbox) as a click on its tile would.
function pickChoice(form, index) {
  const input = choiceInputs(form)[index];
  if (!input) {
    return false;
  }
  input.checked = input.type === "checkbox" ? !input.checked : true;
  input.dispatchEvent(new Event("change", { bubbles: true }));
  input.focus();
  return true;
}

function answerShortcut(form, event) {
  if (/^[1-9]$/.test(event.key)) {
    return pickChoice(form, Number(event.key) - 1);
  }
  if (event.key === "Enter" && !event.target.closest(NATIVE_ENTER)) {
    form.requestSubmit(form.elements.submit ?? null);
    return true;
  }
  if (event.key.toLowerCase() === "s" && form.elements.skip) {
    form.requestSubmit(form.elements.skip);
    return true;
  }
  return false;
}

// From the feedback, N or Enter (anywhere but on another control) goes to the next question.
function nextShortcut(next, event) {
  const isNext = event.key.toLowerCase() === "n"
    || (event.key === "Enter" && !event.target.closest(NATIVE_ENTER));
  if (!isNext) {
    return false;
  }
  if (next.form) {
    next.form.requestSubmit(next);
  } else {
    next.click();
  }
  return true;
}

function enableShortcuts(answerForm, next) {
  document.documentElement.classList.add("has-shortcuts");
  document.querySelector(".key-hint")?.removeAttribute("hidden");
  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey
        || event.repeat || isTyping(event.target)) {
      return;
    }
    const handled = answerForm ? answerShortcut(answerForm, event) : nextShortcut(next, event);
    if (handled) {
      event.preventDefault();
    }
  });
}

/* Time zone: report the browser's zone once, for a learner who has none stored */

function reportTimeZone(form) {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone) {
    return;
  }
  form.elements.time_zone.value = zone;
  // Sent in the background so the page stays put; the server keeps a zone already chosen.
  fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
    .catch(() => {}); // offline: the next page tries again
}

/* Flashcards: Space (or the link) turns the card over, 1-4 rate it */

function enhanceFlashcard(card) {
  const back = card.querySelector(".flashcard-back");
  const flipLink = card.querySelector("a[data-flip]");
  const ratingButtons = Array.from(card.querySelectorAll("button.rating"));
  if (!back || ratingButtons.length === 0) {
    return;
  }
  // The back is already in the page (the facts are public on the study sheet), so turning
  // the card over needs no round trip; the link still works without JavaScript.
  const flip = () => {
    back.hidden = false;
    flipLink?.closest(".flashcard-flip")?.remove();
    back.focus();
  };
  flipLink?.addEventListener("click", (event) => {
    event.preventDefault();
    flip();
  });
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) {
      return;
    }
    if (event.key === " " && back.hidden) {
      event.preventDefault();
      flip();
      return;
    }
    const index = Number(event.key) - 1;
    if (!back.hidden && index >= 0 && index < ratingButtons.length) {
      event.preventDefault();
      ratingButtons[index].closest("form").requestSubmit(ratingButtons[index]);
    }
  });
}

// Move focus to the verdict so it is read out; the next Tab reaches "Next question".
function announceFeedback(verdict) {
  verdict.focus();
}

/* Start */

document.querySelectorAll("[data-deadline]").forEach(startCountdown);
document.querySelectorAll("ol.row-list[data-reorderable]").forEach(enhanceReorderableList);
Array.from(document.forms)
  .filter((form) => form.method === "post")
  .forEach(preventDoubleSubmit);
window.addEventListener("pageshow", (event) => {
  if (event.persisted) {
    resetSubmittingForms();
  }
});
document.querySelectorAll("form.time-zone-detect").forEach(reportTimeZone);
document.querySelectorAll("[data-flashcard]").forEach(enhanceFlashcard);
const answerForm = document.querySelector("form.answer-form");
if (answerForm) {
  focusAnswerField(answerForm);
}
const verdict = document.getElementById("feedback-heading");
if (verdict) {
  announceFeedback(verdict);
}
const nextQuestion = document.getElementById("next-question");
if (answerForm || nextQuestion) {
  enableShortcuts(answerForm, nextQuestion);
}
