import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { setLocale } from "./i18n";
import "./styles.css";
import "./styles/shell.css";
import "./styles/documents.css";
import "./styles/tasks.css";
import "./styles/overview.css";
import "./styles/directory.css";
import "./styles/sync.css";

// The language chosen on the settings screen (this PC's choice; Vietnamese by default).
try {
  if (window.localStorage.getItem("nhiemvu.locale") === "en") setLocale("en");
} catch {
  // storage disabled: Vietnamese
}

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
