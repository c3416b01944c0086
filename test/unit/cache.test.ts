import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TtlCache } from '../../src/util/cache.js';

test('values are cached; concurrent loads share one call', async () => {
  const cache = new TtlCache();
  let calls = 0;
  const load = async () => {
    calls++;
    await new Promise((r) => setTimeout(r, 10));
    return calls;
  };
  const [a, b] = await Promise.all([cache.getOrLoad('k', load), cache.getOrLoad('k', load)]);
  assert.equal(a, 1);
  assert.equal(b, 1);
  assert.equal(await cache.getOrLoad('k', load), 1);
  assert.equal(calls, 1);
});

test('errors are never cached', async () => {
  const cache = new TtlCache();
  await assert.rejects(cache.getOrLoad('k', async () => Promise.reject(new Error('x'))));
  assert.equal(await cache.getOrLoad('k', async () => 2), 2);
});

test('entries expire after the TTL and invalidate removes a prefix', async () => {
  const cache = new TtlCache({ ttlMs: 20 });
  await cache.getOrLoad('tables:w1:a', async () => 1);
  await cache.getOrLoad('tables:w2:a', async () => 1);
  assert.equal(cache.invalidate('tables:w1:'), 1);
  assert.equal(cache.size, 1);
  await new Promise((r) => setTimeout(r, 40));
  assert.equal(await cache.getOrLoad('tables:w2:a', async () => 2), 2);
});
