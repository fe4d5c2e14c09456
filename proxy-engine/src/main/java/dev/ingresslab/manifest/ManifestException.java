package dev.ingresslab.manifest;

import java.util.List;
import java.util.stream.Collectors;

/** Manifests that cannot be used, with every problem found (not only the first). */
public class ManifestException extends Exception {

    private final transient List<ManifestProblem> problems;

    public ManifestException(List<ManifestProblem> problems) {
        super(problems.stream().map(ManifestProblem::display).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<ManifestProblem> problems() {
        return problems;
    }
}
