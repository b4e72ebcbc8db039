#!/usr/bin/env node
import { launch } from './launch.mjs';

await launch('cli/fake', import.meta.url);
