package dev.ingresslab.manifest;

import java.util.List;

/**
 * What reading manifests gave: the objects that could be used, and the problems of the others. {@code explain} and
 * {@code up} refuse manifests with any problem ({@link #orThrow}); lint reports the problems and goes on checking the
 * objects that could be read.
 *
 * @param set      the usable objects, with notes on what was skipped
 * @param problems every problem found, in file order
 */
public record ManifestReading(ManifestSet set, List<ManifestProblem> problems) {

    public ManifestReading {
        problems = List.copyOf(problems);
    }

    /** The objects, when there is no problem. @throws ManifestException with every problem found */
    public ManifestSet orThrow() throws ManifestException {
        if (!problems.isEmpty()) {
            throw new ManifestException(problems);
        }
        return set;
    }
}
