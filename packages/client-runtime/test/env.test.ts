import { describe, expect, it } from 'vitest';
import { readEnv, settingFromEnv, type EnvScope } from '../src/index.js';

const deno = (vars: Record<string, string>, allowed = true): EnvScope => ({
  Deno: {
    env: {
      get: (name) => {
        if (!allowed) throw new Error(`Requires env access to "${name}", run again with the --allow-env flag`);
        return vars[name];
      },
    },
  },
});

describe('readEnv', () => {
  it('reads process.env (Node, Bun)', () => {
    expect(readEnv('A_TOKEN', { process: { env: { A_TOKEN: 'from-process' } } })).toEqual({ value: 'from-process' });
  });

  it('reads Deno.env on a runtime without process', () => {
    expect(readEnv('A_TOKEN', deno({ A_TOKEN: 'from-deno' }))).toEqual({ value: 'from-deno' });
  });

  it('answers no value, never throws, without any environment (a browser, a Worker) or for an empty variable', () => {
    expect(readEnv('A_TOKEN', {})).toEqual({ value: undefined, denied: false });
    expect(readEnv('A_TOKEN', { process: { env: { A_TOKEN: '' } } })).toEqual({ value: undefined, denied: false });
  });

  it('says when Deno would not let it read the variable', () => {
    expect(readEnv('A_TOKEN', deno({ A_TOKEN: 'x' }, false))).toEqual({ value: undefined, denied: true });
  });
});

describe('settingFromEnv', () => {
  const what = 'createShopClient';

  it('takes the option when it is given, even with the variable set', () => {
    expect(settingFromEnv({ given: 'given', option: 'token', variable: 'SHOP_TOKEN', what, scope: { process: { env: { SHOP_TOKEN: 'env' } } } })).toBe('given');
  });

  it('falls back to the variable', () => {
    expect(settingFromEnv({ given: undefined, option: 'token', variable: 'SHOP_TOKEN', what, scope: deno({ SHOP_TOKEN: 'env' }) })).toBe('env');
  });

  it('fails in one line naming the option and the variable when neither is there', () => {
    const call = () => settingFromEnv({ given: undefined, option: 'token', variable: 'SHOP_TOKEN', what, scope: {} });
    expect(call).toThrow(TypeError);
    expect(call).toThrow(/^createShopClient: no token: pass \{ token \} or set the environment variable SHOP_TOKEN$/);
  });

  it('tells a Deno user to allow reading the variable', () => {
    expect(() => settingFromEnv({ given: undefined, option: 'token', variable: 'SHOP_TOKEN', what, scope: deno({}, false) })).toThrow(
      'createShopClient: no token: pass { token } or set the environment variable SHOP_TOKEN; the runtime did not allow reading it (Deno: run with --allow-env=SHOP_TOKEN)',
    );
  });
});
