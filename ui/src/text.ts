// Vietnamese text helpers for the UI side: the same accent folding as the core's search
// (marks removed, đ → d), for filtering short lists such as the unit tree as you type.

/** "Sở Y tế Quảng Trị" → "so y te quang tri". */
export function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
    .normalize("NFC");
}

/** Whether every word of `query` starts a word of `text` or occurs in it (folded). */
export function matchesWords(text: string, query: string): boolean {
  const hay = fold(text);
  return fold(query)
    .split(/\s+/)
    .filter((w) => w !== "")
    .every((w) => hay.includes(w));
}
