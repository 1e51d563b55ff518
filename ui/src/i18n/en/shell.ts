// English strings of the window's frame (merged into ../en.ts); same keys as ../vi/shell.ts.
import type { shellVi } from "../vi/shell";

export const shellEn: Record<keyof typeof shellVi, string> = {
  "nav.label": "Functions",
  "nav.dashboard": "Overview",
  "nav.documents": "Directive documents",
  "nav.tasks": "Task register",
  "nav.reports": "Reports",
  "nav.inbox": "Unit inbox",
  "nav.review": "Office review queue",
  "nav.calendar": "Working calendar",
  "nav.units": "Units and people",
  "nav.settings": "Settings",
  "nav.shortcut": "Alt+{n}",

  "shell.province": "{name} province",
  "shell.demo": "Demo data",
  "shell.switchProfile": "Switch user",
  "shell.profileTitle": "Switch user (demo province)",
  "shell.profileSearch": "Search by name or unit…",
  "shell.profileSearchLabel": "Find a person",
  "shell.profileNone": "No matching person.",
  "shell.profileMore": "… and {count} more; keep typing to narrow down.",
  "shell.shortcuts": "Shortcuts: Ctrl+N new document · Ctrl+Shift+N new task · Ctrl+F search · Alt+1…9 switch screen",
  "shell.dbPath": "DB: {path}",
  "shell.today": "Today: {date}",
  "shell.version": "Version {version}",
  "shell.offline": "Working locally (no sync)",
};
