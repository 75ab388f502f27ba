import type { LabOutlook } from '../core/lab.ts';
import { plural } from './layout.ts';
import type { Theme } from './theme.ts';

/** The one-line pace warning, or null when the sessions left fit before the lab (or it is past). */
export function paceWarning(outlook: LabOutlook, theme: Theme): string | null {
  if (outlook.fits || outlook.daysLeft < 0) return null;
  return theme.warn(
    `At the plan's pace the ${plural(outlook.studyDaysLeft, 'day')} of sessions left will not fit in the ${plural(Math.max(0, outlook.daysLeft), 'day')} before the lab: study more than one plan day a day, or move the lab.`,
  );
}
