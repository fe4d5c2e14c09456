package dev.ingresslab.sandbox;

import java.nio.file.Path;

/**
 * What a sandbox's saved file holds once it has stopped ({@link Sandbox#saved()}), for the line {@code demo}
 * prints when it stops.
 *
 * @param file    the saved file ({@code sandbox/objects.json})
 * @param objects how many objects it holds: those of the last save that worked (or of the restore, if nothing
 *                changed since)
 * @param problem why the last save failed, in words for the user (the changes since are lost), or null when it
 *                worked
 */
public record SavedObjects(Path file, int objects, String problem) {
}
