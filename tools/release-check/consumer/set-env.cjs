// Sets (or, with undefined, removes) an environment variable where the runtime keeps it: Deno.env and/or
// process.env. The env probes use it to give the clients their credentials the way a user's shell would.
'use strict';

module.exports = function setEnv(name, value) {
  if (globalThis.Deno !== undefined) {
    if (value === undefined) globalThis.Deno.env.delete(name);
    else globalThis.Deno.env.set(name, value);
  }
  if (globalThis.process !== undefined) {
    if (value === undefined) delete globalThis.process.env[name];
    else globalThis.process.env[name] = value;
  }
};
