/** Kept for the console's imports: the opening-hours texts live in shared/openingHours.ts (the H5 pages use them too). */
export { openingText, slotsText } from '../../../shared/openingHours.ts';
