package dev.ktune.scheduler.streams;

import dev.ktune.protocol.SchedulerSpec;

/** What the scheduler keeps of a study: its scheduler settings, and its seed, which places trials in brackets. */
public record StudyScheduling(SchedulerSpec scheduler, long seed) {}
