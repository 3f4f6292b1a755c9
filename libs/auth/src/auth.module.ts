import { Module, type DynamicModule } from '@nestjs/common';
import type { IdentityConfig } from '#config';
import { AuthGuard } from './auth.guard.js';
import { KeycloakTokenVerifier, type TokenVerifierOptions } from './token-verifier.js';

/**
 * Provides the token verifier and the AuthGuard. It does not register the guard itself: the app
 * does, with `{ provide: APP_GUARD, useExisting: AuthGuard }`, so that it can order it after others
 * (the rate limit).
 */
@Module({})
export class AuthModule {
  static forRoot(identity: IdentityConfig, options: TokenVerifierOptions = {}): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      providers: [
        { provide: KeycloakTokenVerifier, useFactory: () => new KeycloakTokenVerifier(identity, options) },
        AuthGuard,
      ],
      exports: [KeycloakTokenVerifier, AuthGuard],
    };
  }
}
