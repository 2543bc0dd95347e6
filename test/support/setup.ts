import nock from 'nock';
import { afterEach, beforeAll } from 'vitest';

// No test reaches the network: a request nock has not been told about fails the test.
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/);
});
afterEach(() => {
  nock.cleanAll();
});
