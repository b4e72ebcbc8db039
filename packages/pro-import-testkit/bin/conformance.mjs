#!/usr/bin/env node
import { launch } from './launch.mjs';

await launch('cli/conformance', import.meta.url);
