// Kubb: types, a client and zod schemas of the document, without formatting (issue 12's peer configuration).
import { defineConfig } from '@kubb/core';
import { pluginClient } from '@kubb/plugin-client';
import { pluginOas } from '@kubb/plugin-oas';
import { pluginTs } from '@kubb/plugin-ts';
import { pluginZod } from '@kubb/plugin-zod';

export default defineConfig({
  root: process.env.BENCH_OUT,
  input: { path: process.env.BENCH_SPEC },
  output: { path: process.env.BENCH_OUT, clean: true, format: false, lint: false },
  plugins: [pluginOas(), pluginTs(), pluginClient(), pluginZod()],
});
