import { describe, expect, it } from 'vitest';
import { SECRET_FIELDS, redactSecrets } from '../../src/collectors/secret-fields.js';
import { RESOURCE_TYPES } from '../../src/snapshot/resource-types.js';
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
    expect(redactSecrets('identity_provider', { config: { client_id: 'c', client_secret: 's' }, scim_config: { secret: 'x', enabled: true } })).toEqual({
      config: { client_id: 'c', client_secret: REDACTED },
      scim_config: { secret: REDACTED, enabled: true },
    });
    expect(redactSecrets('service_token', { client_id: 'c', client_secret: 's' })).toEqual({ client_id: 'c', client_secret: REDACTED });
    expect(redactSecrets('mcp_server', { auth_credentials: '{"cf-access-client-secret":"x"}', client_secret: 'y' })).toEqual({
      auth_credentials: REDACTED,
      client_secret: REDACTED,
    });
  });

  it('redacts what runs a tunnel (token, secret, credentials file) and leaves its ingress alone', () => {
    const credentials_file = { TunnelID: 't', TunnelSecret: 'x' };
    const tunnel = { id: 't', token: 'eyJh', tunnel_secret: 's', credentials_file };
    expect(redactSecrets('tunnel', tunnel)).toEqual({
      id: 't', token: REDACTED, tunnel_secret: REDACTED, credentials_file: REDACTED,
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
    const group = { id: 'g', client_secret: 'not a listed field for groups' };
    expect(redactSecrets('access_group', group)).toBe(group);
  });

  it('lists only known resource types and well-formed paths', () => {
    for (const [type, paths] of Object.entries(SECRET_FIELDS)) {
      expect(RESOURCE_TYPES).toContain(type);
      for (const path of paths ?? []) expect(path).toMatch(/^[a-z_]+(\.([a-z_]+|\*))*$/);
    }
  });
});
