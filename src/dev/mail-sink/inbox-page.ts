import type { CapturedMessage } from './sendgrid-request';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A plain page for people: newest first, with links to the JSON for the full content. */
export function renderInboxPage(messages: readonly CapturedMessage[]): string {
  const rows = [...messages]
    .reverse()
    .map(
      (m) =>
        `<tr><td>${escapeHtml(m.receivedAt)}</td><td>${escapeHtml(m.to.join(', '))}</td>` +
        `<td>${escapeHtml(m.subject)}</td><td>${m.attachments.length}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Mail sink (${messages.length})</title>
<style>body{font-family:sans-serif;margin:2rem}table{border-collapse:collapse}td,th{padding:.3rem .8rem;border-bottom:1px solid #ddd;text-align:left}</style>
</head>
<body>
<h1>Mail sink</h1>
<p>${messages.length} message(s) captured. Full content: <a href="/api/messages">/api/messages</a>.</p>
<table>
<thead><tr><th>Received</th><th>To</th><th>Subject</th><th>Attachments</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body>
</html>
`;
}
