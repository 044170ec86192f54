import express, { type NextFunction, type Request, type Response } from 'express';
import { bearerChallenge, type OidcConfig } from '../src/index.js';
import { AuthFailure, type Authenticator } from '../src/auth/principal.js';

export { loopbackServer, signInAtIssuer, signingKey, startTestIssuer } from '@mcdewey/test-support/oidc-issuer';
export type { LoopbackServer, TestAccount, TestIssuer, TestIssuerOptions } from '@mcdewey/test-support/oidc-issuer';

/**
 * A tiny app of the test's own that asks each authenticator in turn, as the router's auth seam
 * will: the first principal wins, an `AuthFailure` answers 401/403 with `WWW-Authenticate`, no
 * credentials answer 401. `GET /whoami` and `GET /mcp` show the principal as JSON.
 */
export function guardedApp(config: OidcConfig, authenticators: Authenticator[], mount: (app: express.Express) => void = () => {}): express.Express {
  const app = express();
  mount(app);
  app.use(async (request: Request, response: Response, next: NextFunction) => {
    try {
      for (const authenticator of authenticators) {
        const principal = await authenticator(request);
        if (principal !== undefined) {
          response.locals.principal = principal;
          return next();
        }
      }
      response.status(401).setHeader('WWW-Authenticate', bearerChallenge(config)).json({ error: 'sign in' });
    } catch (error) {
      if (!(error instanceof AuthFailure)) return next(error);
      response.status(error.status).setHeader('WWW-Authenticate', bearerChallenge(config, error)).json({ error: error.reason, message: error.message });
    }
  });
  app.get(['/whoami', '/mcp'], (_request, response) => response.json(response.locals.principal));
  return app;
}
