import { escapeHtml } from '#i18n/escape-html';

export interface LoginPageModel {
  realm: string;
  action: string;
  clientId: string;
  username?: string;
  error?: string;
}

/** A plain login form in Keycloak's field names (username, password), for the dev identity provider. */
export function loginPage(model: LoginPageModel): string {
  const error = model.error ? `<p class="error" role="alert">${escapeHtml(model.error)}</p>` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in to ${escapeHtml(model.realm)}</title>
<style>
body{font-family:system-ui,sans-serif;background:#f3f4f6;margin:0;padding:48px 16px}
main{max-width:360px;margin:0 auto;background:#fff;padding:24px 28px;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.15)}
h1{font-size:1.3rem;margin:0 0 4px}p.hint{color:#555;font-size:.85rem;margin:0 0 16px}
label{display:block;margin:12px 0 4px;font-size:.9rem}
input{width:100%;box-sizing:border-box;padding:8px;font-size:1rem;border:1px solid #bbb;border-radius:4px}
button{margin-top:20px;width:100%;padding:10px;font-size:1rem;background:#1d4ed8;color:#fff;border:0;border-radius:4px;cursor:pointer}
.error{color:#b91c1c;background:#fef2f2;padding:8px;border-radius:4px}
</style>
</head>
<body>
<main>
<h1>Sign in to ${escapeHtml(model.realm)}</h1>
<p class="hint">Development identity provider · client ${escapeHtml(model.clientId)}</p>
${error}
<form id="kc-form-login" method="post" action="${escapeHtml(model.action)}">
<label for="username">Username or email</label>
<input id="username" name="username" autocomplete="username" autofocus value="${escapeHtml(model.username ?? '')}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password">
<button id="kc-login" type="submit">Sign in</button>
</form>
</main>
</body>
</html>`;
}
