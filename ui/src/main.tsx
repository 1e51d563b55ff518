import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import "./styles.css";
import "./styles/shell.css";
import "./styles/documents.css";
import "./styles/tasks.css";
import "./styles/overview.css";
import "./styles/directory.css";

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
