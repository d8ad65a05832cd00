// oidc-provider 9 ships no type declarations: the little of its API the test provider uses.
declare module 'oidc-provider' {
  import type http from 'node:http';

  type Ctx = {
    body: unknown;
    type: string;
    oidc: {
      provider: Provider;
      result?: { consent?: { grantId?: string } };
      session?: { accountId?: string; grantIdFor(clientId: string): string | undefined };
      client?: { clientId: string };
    };
  };
  export type Account = { accountId: string; claims: () => Record<string, unknown> };
  export type Configuration = {
    clients: Array<Record<string, unknown>>;
    jwks: { keys: unknown[] };
    cookies: { keys: string[] };
    conformIdTokenClaims: boolean;
    scopes: string[];
    claims: Record<string, string[]>;
    pkce: { required: () => boolean };
    features: {
      devInteractions: { enabled: boolean };
      rpInitiatedLogout: { enabled: boolean; logoutSource: (ctx: Ctx, form: string) => Promise<void> };
    };
    interactions: { url: (ctx: Ctx, interaction: { uid: string }) => string };
    findAccount: (ctx: Ctx, id: string) => Account | undefined;
    loadExistingGrant: (ctx: Ctx) => Promise<Grant>;
    renderError: (ctx: Ctx, out: unknown, error: unknown) => Promise<void>;
    ttl: Record<string, number>;
  };
  export class Grant {
    constructor(init: { clientId: string; accountId?: string });
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  }
  export default class Provider {
    constructor(issuer: string, configuration: Configuration);
    Grant: typeof Grant & { find(id: string): Promise<Grant | undefined> };
    on(event: string, listener: (ctx: Ctx, error: unknown) => void): void;
    callback(): (req: http.IncomingMessage, res: http.ServerResponse) => void;
    interactionDetails(req: http.IncomingMessage, res: http.ServerResponse): Promise<{ uid: string }>;
    interactionFinished(
      req: http.IncomingMessage,
      res: http.ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
  }
}
