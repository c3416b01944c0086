import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { createLogger, redactText } from '../../src/util/logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  return { lines, stream };
}

test('secrets in objects and in text are redacted', () => {
  const { lines, stream } = capture();
  const log = createLogger('info', stream);
  log.info({ clientSecret: 's3cr3t-value', headers: { authorization: 'Bearer abc.def.ghi' } }, 'call');
  log.info('token in text: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig and client_secret=hunter2hunter2');
  const all = lines.join('');
  assert.doesNotMatch(all, /s3cr3t-value|abc\.def\.ghi|eyJhbGciOiJIUzI1NiJ9|hunter2/);
  assert.match(all, /\[REDACTED\]/);
});

test('redactText leaves ordinary text alone', () => {
  assert.equal(redactText('no secrets here'), 'no secrets here');
});
