/**
 * Save text as a file through the browser's own download (works in Electron and the headless window alike). `text`
 * may come in parts (a large export): the Blob takes them as they are, never joined into one string.
 */
export function downloadText(
  filename: string,
  text: string | readonly string[],
  type = 'text/csv;charset=utf-8',
): void {
  const parts = typeof text === 'string' ? [text] : [...text];
  // The BOM makes Excel read the CSV as UTF-8 (names with accents, emoji); one only, when the text has none.
  if (!parts[0]?.startsWith('\ufeff')) parts.unshift('\ufeff');
  const blob = new Blob(parts, { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
