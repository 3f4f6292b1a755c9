// The dev identity provider on its own: `node dist/apps/dev-idp/src/main.js` (HOST, PORT, REALM_FILE).
import { readInt, readString } from '#config';
import { startDevIdp } from '#dev-idp';

const idp = await startDevIdp({
  host: readString(process.env, 'HOST', '127.0.0.1'),
  port: readInt(process.env, 'PORT', 8080),
  realmFile: process.env.REALM_FILE,
});
console.log(`dev identity provider: ${idp.issuer} (demo users, password "demo")`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void idp.close().then(() => process.exit(0));
  });
}
