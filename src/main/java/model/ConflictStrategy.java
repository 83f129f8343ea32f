package model;

/** How a sync treats data the destination already holds for the same period (docs/architecture.md §8). */
public enum ConflictStrategy {
    PRIORITIZE_SOURCE,
    PRIORITIZE_DESTINATION,
    MERGE_INTELLIGENTLY
}
