/**
 * The page the reset email links to: a form that sends the token from the link and the new
 * password to POST /auth/password-reset/confirm. Static, so the token never reaches the server
 * until the user submits.
 */
export const RESET_PASSWORD_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Reset your Boxoffice password</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 28rem; margin: 4rem auto; padding: 0 1rem; }
  input, button { font: inherit; padding: .5rem; width: 100%; box-sizing: border-box; margin: .25rem 0 1rem; }
  #result { font-weight: 600; }
</style>
</head>
<body>
<h1>Choose a new password</h1>
<form id="reset">
  <label for="password">New password (at least 10 characters, a letter and a digit or symbol)</label>
  <input id="password" type="password" autocomplete="new-password" required minlength="10" maxlength="128">
  <button type="submit">Set password</button>
</form>
<p id="result" role="status"></p>
<script>
  const token = new URLSearchParams(location.search).get('token') || '';
  const result = document.getElementById('result');
  if (!token) result.textContent = 'This link has no token. Use the link from the email.';
  document.getElementById('reset').addEventListener('submit', async (event) => {
    event.preventDefault();
    const res = await fetch('/auth/password-reset/confirm', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, newPassword: document.getElementById('password').value }),
    });
    if (res.status === 204) { result.textContent = 'Your password was changed. You can sign in now.'; return; }
    const problem = await res.json().catch(() => ({}));
    result.textContent = problem.detail || 'That did not work; ask for a new link.';
  });
</script>
</body>
</html>
`;
