import { describe, expect, it } from 'vitest';
import { SECRET_FIELDS, isSecretName, redactSecrets } from '../../src/collectors/secret-fields.js';
import { RESOURCE_TYPES } from '../../src/catalog/resource-types.js';
import { REDACTED } from '../../src/snapshot/types.js';

describe('redactSecrets', () => {
  it('redacts SCIM credentials in object and array form and the SaaS client secret, keeping keys and order', () => {
    const app = {
      id: 'app-1',
      scim_config: { enabled: true, authentication: { scheme: 'httpbasic', user: 'u', password: 'pw' } },
      saas_app: { client_id: 'cid', client_secret: 'cs', redirect_uris: [] },
      name: 'App',
    };
    const redacted = redactSecrets('access_application', app);
    expect(redacted).toEqual({
      id: 'app-1',
      scim_config: { enabled: true, authentication: { scheme: 'httpbasic', user: 'u', password: REDACTED } },
      saas_app: { client_id: 'cid', client_secret: REDACTED, redirect_uris: [] },
      name: 'App',
    });
    expect(Object.keys(redacted)).toEqual(['id', 'scim_config', 'saas_app', 'name']);
    expect(app.scim_config.authentication.password).toBe('pw');

    const multi = redactSecrets('access_application', {
      scim_config: {
        authentication: [
          { scheme: 'oauthbearertoken', token: 't' },
          { scheme: 'oauth2', client_id: 'c', client_secret: 's' },
          { scheme: 'access_service_token', client_secret: 'x' },
        ],
      },
    });
    expect(multi).toEqual({
      scim_config: {
        authentication: [
          { scheme: 'oauthbearertoken', token: REDACTED },
          { scheme: 'oauth2', client_id: 'c', client_secret: REDACTED },
          { scheme: 'access_service_token', client_secret: REDACTED },
        ],
      },
    });
  });

  it('redacts identity provider, service token and MCP server secrets', () => {
    expect(
      redactSecrets('identity_provider', {
        config: { client_id: 'c', client_secret: 's' },
        scim_config: { secret: 'x', enabled: true },
      }),
    ).toEqual({
      config: { client_id: 'c', client_secret: REDACTED },
      scim_config: { secret: REDACTED, enabled: true },
    });
    expect(redactSecrets('service_token', { client_id: 'c', client_secret: 's' })).toEqual({
      client_id: 'c',
      client_secret: REDACTED,
    });
    expect(
      redactSecrets('mcp_server', { auth_credentials: '{"cf-access-client-secret":"x"}', client_secret: 'y' }),
    ).toEqual({
      auth_credentials: REDACTED,
      client_secret: REDACTED,
    });
  });

  it('redacts what runs a tunnel (token, secret, credentials file) and leaves its ingress alone', () => {
    const credentials_file = { TunnelID: 't', TunnelSecret: 'x' };
    const tunnel = { id: 't', token: 'eyJh', tunnel_secret: 's', credentials_file };
    expect(redactSecrets('tunnel', tunnel)).toEqual({
      id: 't',
      token: REDACTED,
      tunnel_secret: REDACTED,
      credentials_file: REDACTED,
    });
    const originRequest = { access: { required: true, audTag: ['aud'] } };
    const rule = { hostname: 'a.example.com', service: 'http://localhost', originRequest };
    const configuration = { tunnel_id: 't', config: { ingress: [rule] } };
    expect(redactSecrets('tunnel_configuration', configuration)).toBe(configuration);
  });

  it('leaves absent, null and empty values alone, and other types untouched', () => {
    const idp = { config: { client_secret: null }, scim_config: { secret: '' } };
    expect(redactSecrets('identity_provider', idp)).toEqual(idp);
    expect(redactSecrets('access_application', { id: 'a', scim_config: null })).toEqual({ id: 'a', scim_config: null });
    const group = { id: 'g', name: 'Staff', include: [{ email: { email: 'a@example.com' } }] };
    expect(redactSecrets('access_group', group)).toBe(group);
  });

  it('lists only known resource types and well-formed paths', () => {
    for (const [type, paths] of Object.entries(SECRET_FIELDS)) {
      expect(RESOURCE_TYPES).toContain(type);
      for (const path of paths ?? []) expect(path).toMatch(/^[a-z_]+(\.([a-z_]+|\*))*$/);
    }
  });

  it('redacts secret-looking string fields anywhere, by name, in any resource type', () => {
    const item = {
      id: 'x',
      config: { clientSecret: 'a', private_key: 'b', 'x-api-key': 'c', signing_key: 'd', passphrase: 'e' },
      nested: [{ refresh_token: 'f', access_token: 'g', token: 'h', credentials: ['i', 'j'], TunnelSecret: 'k' }],
      auth_credentials: '{"password":"l"}',
    };
    expect(redactSecrets('access_group', item)).toEqual({
      id: 'x',
      config: {
        clientSecret: REDACTED,
        private_key: REDACTED,
        'x-api-key': REDACTED,
        signing_key: REDACTED,
        passphrase: REDACTED,
      },
      nested: [
        {
          refresh_token: REDACTED,
          access_token: REDACTED,
          token: REDACTED,
          credentials: [REDACTED, REDACTED],
          TunnelSecret: REDACTED,
        },
      ],
      auth_credentials: REDACTED,
    });
  });

  it('keeps what only looks secret: selectors, ids, public keys, lifetimes, booleans and numbers', () => {
    const app = {
      id: 'app',
      policies: [
        {
          include: [{ service_token: { token_id: 'st-1' } }, { any_valid_service_token: {} }],
          require: [{ linked_app_token: { app_uid: 'u' } }],
        },
      ],
      saas_app: {
        auth_type: 'oidc',
        allow_pkce_without_client_secret: true,
        access_token_lifetime: '5m',
        public_key: 'ssh-ed25519 AAAA',
        refresh_token_options: { lifetime: '30d' },
        token_endpoint: 'https://idp.example/token',
        token_url: 'https://idp/t',
      },
      mcp: {
        has_client_secret: true,
        client_secret_version: 3,
        secret_name: 'vault/x',
        read_service_tokens_from_header: 'Auth',
      },
      empty: { password: '', token: null },
    };
    expect(redactSecrets('access_application', app)).toBe(app);
    const names = ['token_id', 'service_token', 'access_token_lifetime', 'public_key', 'has_client_secret', 'keys_url'];
    for (const name of names) {
      expect(isSecretName(name)).toBe(false);
    }
  });

  it('walks a value nested 10,000 levels deep without overflowing (only as deep as the snapshot keeps)', () => {
    const root: Record<string, unknown> = {};
    let node = root;
    for (let i = 0; i < 10_000; i += 1) node = (node.next = {}) as Record<string, unknown>;
    node.password = 'deep';
    const shallow = { id: 'x', a: { b: { password: 'p' } }, deep: root };
    const out = redactSecrets('access_group', shallow) as { a: { b: { password: string } } };
    expect(out.a.b.password).toBe(REDACTED);
  });
});
