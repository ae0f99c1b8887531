import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app';
import { WEB_DIST } from '../../src/server/app';

const t = await createTestApp();

describe('API conventions (DESIGN.md §6)', () => {
  it('serves health and readiness', async () => {
    expect((await t.anonymous.get('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await t.anonymous.get('/readyz')).json()).toEqual({ status: 'ready' });
  });

  it('serves the OpenAPI 3.1 document and local docs', async () => {
    const doc = (await t.anonymous.get('/api/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/units', '/api/v1/people/{id}/roles']),
    );
    const docs = await t.anonymous.get('/api/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.body).not.toMatch(/https?:\/\/(cdn|unpkg|cdnjs)/);
  });

  it('answers unknown routes with problem+json and a request id', async () => {
    const res = await t.anonymous.get('/api/v1/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'route_not_found', status: 404 });
    expect(res.headers['x-request-id']).toBe(res.json().requestId);
  });

  it('sends security headers', async () => {
    const res = await t.anonymous.get('/api/v1/auth/config');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('rate-limits a flood', async () => {
    const small = await createTestApp({ addressRateLimitPerMinute: 5 });
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await small.anonymous.get('/api/v1/auth/config')).statusCode);
    expect(codes).toContain(429);
  });
});

describe.skipIf(!fs.existsSync(path.join(WEB_DIST, 'index.html')))('the web app on the same port', () => {
  it('serves index.html for page paths and a 404 problem for missing files', async () => {
    const page = await t.anonymous.get('/tasks/some-id');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const missing = await t.anonymous.get('/assets/missing-chunk.js');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
  });
});
