import { z } from 'zod';

// zod 4 probes `new Function` for its JIT; under the strict CSP that probe is reported as a violation
// (a console error). Schemas are parsed while modules load, so this must run before any other import.
z.config({ jitless: true });
