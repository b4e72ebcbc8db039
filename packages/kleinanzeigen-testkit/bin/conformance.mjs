#!/usr/bin/env node
import { launch } from '@x/fake-runtime/launch';

await launch('cli/conformance', import.meta.url);
