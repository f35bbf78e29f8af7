// Light or dark theme, remembered per browser. Loaded without `defer` in <head> so the
// remembered theme applies before the first paint; without JavaScript the system's applies.
"use strict";

const THEME_KEY = "quizapp-theme";

function storedTheme() {
  try {
    const theme = window.localStorage.getItem(THEME_KEY);
    return theme === "light" || theme === "dark" ? theme : null;
  } catch {
    return null; // storage can be switched off; the system theme then applies
  }
}

function systemTheme() {
  return window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

function currentTheme() {
  return document.documentElement.dataset.theme || systemTheme();
}

function applyTheme(theme) {
  document.documentElement.dataset.theme = theme;
}

function rememberTheme(theme) {
  try {
    window.localStorage.setItem(THEME_KEY, theme);
  } catch {
    // The choice then lasts for this page only.
  }
}

// The button says what pressing it does and reports whether the dark theme is on.
function showThemeToggle(button) {
  const refresh = () => {
    button.setAttribute("aria-pressed", String(currentTheme() === "dark"));
  };
  button.addEventListener("click", () => {
    const theme = currentTheme() === "dark" ? "light" : "dark";
    applyTheme(theme);
    rememberTheme(theme);
    refresh();
  });
  window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", refresh);
  refresh();
  button.hidden = false;
}

const remembered = storedTheme();
if (remembered) {
  applyTheme(remembered);
}
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("button.theme-toggle").forEach(showThemeToggle);
});
