// The login page's interaction: show the form (or finish at once for a signed-in user), check the
// password, and grant the client the scope asked for.
import type { Request, Response } from 'express';
import type Provider from 'oidc-provider';
import { grantedScope, saveGrant } from './keycloak-dialect.js';
import { loginPage } from './login-page.js';
import { authenticate, findUser, type Realm } from './realm.js';

const LOGIN_FAILED = 'Invalid username or password.';

export async function showLogin(
  provider: Provider,
  realm: Realm,
  req: Request,
  res: Response,
): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  const accountId = details.session?.accountId;
  if (details.prompt.name !== 'login' && accountId && findUser(realm, accountId)) {
    // Already signed in, only the grant is missing: Keycloak asks no consent of these clients.
    await finish(provider, req, res, details, accountId);
    return;
  }
  res
    .type('html')
    .send(
      loginPage({ realm: realm.name, action: req.originalUrl, clientId: String(details.params.client_id) }),
    );
}

export async function submitLogin(
  provider: Provider,
  realm: Realm,
  req: Request,
  res: Response,
): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  const body = (req.body ?? {}) as Record<string, unknown>;
  const user = authenticate(realm, body.username, body.password);
  if (!user) {
    res
      .status(200)
      .type('html')
      .send(
        loginPage({
          realm: realm.name,
          action: req.originalUrl,
          clientId: String(details.params.client_id),
          username: typeof body.username === 'string' ? body.username : '',
          error: LOGIN_FAILED,
        }),
      );
    return;
  }
  await finish(provider, req, res, details, user.id);
}

async function finish(
  provider: Provider,
  req: Request,
  res: Response,
  details: Awaited<ReturnType<Provider['interactionDetails']>>,
  accountId: string,
): Promise<void> {
  const scope = grantedScope(details.params.scope);
  const grantId = await saveGrant(provider, accountId, String(details.params.client_id), scope);
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
}
