package dev.ingresslab.cli;

import dev.ingresslab.lint.LintFinding;
import dev.ingresslab.lint.LintReport;
import dev.ingresslab.lint.Severity;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

/** {@code lint -o json}: the findings for scripts and editors. The field names are a published interface. */
final class LintJson {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /**
     * The document: {@code context} is the cluster checked against (null offline), {@code fixed} the files
     * {@code --fix} rewrote.
     */
    record Report(String context, long errors, long warnings, List<Finding> findings, List<String> notes,
                  List<String> fixed) {
    }

    /** One finding; {@code line} and {@code column} are 1-based, 0 for the whole file. */
    record Finding(String file, int line, int column, String severity, String code, String message, String hint) {
    }

    private LintJson() {
    }

    static String render(LintReport report, String context, List<String> fixed) {
        List<Finding> findings = report.findings().stream().map(LintJson::finding).toList();
        return JSON.writeValueAsString(new Report(context, report.count(Severity.ERROR),
                report.count(Severity.WARNING), findings, report.notes(), fixed)) + "\n";
    }

    private static Finding finding(LintFinding f) {
        return new Finding(f.location().file(), f.location().line(), f.location().column(), f.severity().word(),
                f.code(), f.message(), f.hint());
    }
}
