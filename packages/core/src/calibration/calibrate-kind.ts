import type { OperationKind } from '../workflow/plan.js';

// The workflow's OperationKind does not list 'calibrate' yet; the journal stores the kind as
// text, so plans run, resume and undo the same. Drop the cast once the workflow adds it.
export const CALIBRATE_KIND = 'calibrate' as OperationKind;
