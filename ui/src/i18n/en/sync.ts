// English strings of the office sync (merged into ../en.ts); same keys as ../vi/sync.ts.
import type { syncVi } from "../vi/sync";

export const syncEn: Record<keyof typeof syncVi, string> = {
  "nav.sync": "Sync",

  "sync.local": "Working on this PC",
  "sync.setUp": "Connect to the Office",
  "sync.open": "Show the sync status",
  "sync.idle": "Synced at {time}",
  "sync.idleOn": "Synced at {time} on {date}",
  "sync.never": "Not synced yet",
  "sync.syncing": "Syncing…",
  "sync.progress": "{done}/{total} tasks",
  "sync.offline": "Working offline",
  "sync.offlineHint":
    "The Office database cannot be reached right now. Everything you do is kept on this PC and sent once the connection is back.",
  "sync.error": "Sync error",
  "sync.off": "Sync is off",
  "sync.pending": "{count} changes waiting to be sent",
  "sync.rejected": "{count} refused",
  "sync.conflicts": "{count} conflicts",
  "sync.damagedBadge": "{count} unreadable server records",
  "sync.heldBackBadge": "Server holding changes back",
  "sync.timeOn": "{time} on {date}",

  "sync.title": "Sync with the Office",
  "sync.setupTitle": "Connect to the Office database",
  "sync.setupIntro":
    "Once connected, this PC sends what you do to the Office's shared database and receives the others' changes. Without a network you keep working on this PC as usual.",
  "sync.demoNotice":
    "This PC has the sample province open. Connecting replaces the sample documents and tasks with the office's, and the PC takes the profile of the login.",
  "sync.url": "Database address",
  "sync.urlPlaceholder": "postgresql://ten_dang_nhap@may-chu:5432/nhiemvu",
  "sync.urlHint": "Ask the Office's system administrator for this address. Do not put the password in it.",
  "sync.password": "Password",
  "sync.passwordHint": "The password is kept in the operating system's keychain, not in the data file.",
  "sync.urlRequired": "Enter the database address.",
  "sync.passwordRequired": "Enter the password.",
  "sync.connect": "Connect",
  "sync.connecting": "Checking the connection…",
  "sync.formHint": "Enter to connect, Esc to clear",
  "sync.formHintBack": "Enter to connect, Esc to go back",
  "sync.back": "Back",

  "sync.connectedTitle": "Connected to the Office database",
  "sync.address": "Address",
  "sync.login": "Login",
  "sync.phase": "Status",
  "sync.lastSync": "Last sync",
  "sync.pendingLabel": "Changes waiting to be sent",
  "sync.rejectedLabel": "Unread refused changes",
  "sync.conflictsLabel": "Open conflicts",
  "sync.lastError": "Last error",
  "sync.none": "None yet",
  "sync.progressLabel": "Downloading to this PC: {done}/{total} tasks",
  "sync.syncNow": "Sync now",
  "sync.disconnect": "Disconnect",
  "sync.disconnectTitle": "Disconnect from the Office?",
  "sync.disconnectText":
    "This PC will stop sending and receiving changes; the saved address and password are removed. The data on this PC stays as it is: you keep working as usual and can connect again later.",
  "sync.disconnectPending": "{count} changes have not been sent to the Office yet; they stay on this PC until you connect again.",
  "sync.disconnecting": "Disconnecting…",

  "sync.heldBack":
    "The server is held back by a transaction that has not ended since {time} ({minutes} minutes): other people's recent changes may not have reached this PC yet. The administrator can see it with 'nhiemvu office-db status'.",
  "sync.heldBackReleased":
    "The server ended the transaction that held changes back since {time} ({minutes} minutes): the held-back changes arrive on this PC with the next sync.",

  "sync.damagedTitle": "Server records that cannot be read",
  "sync.damagedIntro":
    "This PC cannot read the records below in the Office database, so it does not have them. It still syncs every other change. Ask the administrator to run 'nhiemvu office-db damaged' to see and fix them.",
  "sync.damaged.col.what": "Record",
  "sync.damaged.col.reason": "Why it cannot be read",
  "sync.damaged.col.since": "Since",

  "sync.rejectionsTitle": "Refused changes",
  "sync.rejectionsIntro":
    "The Office database did not accept the changes below. Read the reason, redo the change if needed, then click “Read”.",
  "sync.rejectionsNone": "No refused changes.",
  "sync.rejectionsLoading": "Loading the list…",
  "sync.col.when": "Time",
  "sync.col.what": "Change",
  "sync.col.reason": "Reason",
  "sync.acknowledge": "Read",
  "sync.acknowledged": "Read",

  "sync.mutation.register_document": "Register a document",
  "sync.mutation.add_tasks": "Add tasks",
  "sync.mutation.accept_task": "Accept",
  "sync.mutation.return_task": "Return",
  "sync.mutation.reassign_task": "Reassign",
  "sync.mutation.post_progress": "Progress update",
  "sync.mutation.submit_result": "Report the result",
  "sync.mutation.review_result": "Review the result",
  "sync.mutation.extend_deadline": "Extend the deadline",
  "sync.mutation.cancel_task": "Withdraw/cancel",
  "sync.mutation.request_extension": "Ask for an extension",
  "sync.mutation.refuse_extension": "Refuse an extension",
  "sync.mutation.create_unit": "Add a unit",
  "sync.mutation.create_person": "Add a person",
  "sync.mutation.save_settings": "Save the settings",
  "sync.mutation.set_calendar": "Change the working calendar",
};
