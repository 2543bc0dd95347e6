import type { Job } from './job.ts';

/** Every scheduled duty, listed explicitly. */
export const jobs: Job[] = [];
