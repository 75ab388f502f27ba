import fc from 'fast-check';

// Property tests run the same cases on every run, so a failure can be run again as it came; set
// FC_SEED to try other cases (fast-check names the seed of any failure it finds).
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261201) });
