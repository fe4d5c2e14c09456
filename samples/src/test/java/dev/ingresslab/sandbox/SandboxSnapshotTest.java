package dev.ingresslab.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The snapshot's content rules and its file: what is kept, what an unreadable file becomes, nothing deleted. */
class SandboxSnapshotTest {

    @TempDir
    Path dir;

    private static String object(String apiVersion, String kind, String namespace, String name, String labels) {
        return "{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"" + kind + "\",\"metadata\":{\"name\":\"" + name
                + "\"" + (namespace == null ? "" : ",\"namespace\":\"" + namespace + "\"")
                + (labels == null ? "" : ",\"labels\":" + labels) + "}}";
    }

    @Test
    void keepsWhatTheUserMadeAndLeavesOutWhatTheSandboxMakesAgain() {
        SandboxSnapshot snapshot = SandboxSnapshot.of(List.of(
                object("v1", "Service", "default", "alpaca", null),
                object("v1", "Pod", "default", "alpaca-x1", "{\"ingress-lab.dev/sandbox\":\"true\"}"),
                object("v1", "Pod", "default", "my-own-pod", null),
                object("discovery.k8s.io/v1", "EndpointSlice", "default", "alpaca-x1",
                        "{\"ingress-lab.dev/sandbox\":\"true\"}"),
                object("v1", "Endpoints", "default", "alpaca", "{\"ingress-lab.dev/sandbox\":\"true\"}"),
                object("v1", "Event", "default", "alpaca.1", null),
                object("coordination.k8s.io/v1", "Lease", "default", "ingress-lab", null),
                object("v1", "Namespace", null, "default", null),
                object("v1", "Namespace", null, "team-a", null),
                object("networking.k8s.io/v1", "Ingress", "default", "b", null),
                object("networking.k8s.io/v1", "Ingress", "default", "a", null),
                object("networking.k8s.io/v1", "IngressClass", null, "ingress-lab", null)));

        assertThat(snapshot.objects()).extracting(SandboxSnapshot::describe).as("namespaces first, then sorted")
                .containsExactly("Namespace default", "Namespace team-a", "Ingress default/a", "Ingress default/b",
                        "IngressClass ingress-lab", "Pod default/my-own-pod", "Service default/alpaca");
        assertThat(snapshot.summary()).isEqualTo("2 Ingresses, 1 IngressClass, 1 Namespace, 1 Pod, 1 Service");
        assertThat(new SandboxSnapshot(List.of()).summary()).isEqualTo("no objects");
    }

    @Test
    void pluralsFollowTheApisResourceNames() {
        assertThat(SandboxSnapshot.plural("Ingress")).isEqualTo("Ingresses");
        assertThat(SandboxSnapshot.plural("IngressClass")).isEqualTo("IngressClasses");
        assertThat(SandboxSnapshot.plural("Endpoints")).isEqualTo("Endpoints");
        assertThat(SandboxSnapshot.plural("NetworkPolicy")).isEqualTo("NetworkPolicies");
        assertThat(SandboxSnapshot.plural("Gateway")).isEqualTo("Gateways");
        assertThat(SandboxSnapshot.plural("Deployment")).isEqualTo("Deployments");
    }

    @Test
    void theSameObjectsAreTheSameBytesAndReadBack() throws Exception {
        List<String> objects = List.of(object("v1", "Service", "default", "b", null),
                object("v1", "Service", "default", "a", null));
        SandboxSnapshot one = SandboxSnapshot.of(objects);
        SandboxSnapshot other = SandboxSnapshot.of(List.of(objects.get(1), objects.get(0)));
        assertThat(one.toJson()).isEqualTo(other.toJson());
        assertThat(SandboxSnapshot.parse(one.toJson())).isEqualTo(one);
        assertThat(new String(one.toJson(), StandardCharsets.UTF_8)).startsWith("{").contains("\"kind\" : \"List\"");
    }

    @Test
    void anUnusableFileSaysWhatIsWrong() {
        assertThatThrownBy(() -> SandboxSnapshot.parse("{\"items\": [".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SandboxSnapshot.UnreadableSnapshotException.class).hasMessageStartingWith("it is not JSON: ");
        assertThatThrownBy(() -> SandboxSnapshot.parse("{\"kind\":\"List\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("it is not a List of objects (no \"items\")");
        assertThatThrownBy(() -> SandboxSnapshot.parse("[]".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("it is not a List of objects (no \"items\")");
        assertThatThrownBy(() -> SandboxSnapshot.parse(new byte[0])).hasMessageStartingWith("it is not");
    }

    @Test
    void aBadItemDoesNotMakeTheWholeFileUnreadable() throws Exception {
        // which items can be restored is decided one by one when restoring (SandboxPersistenceTest)
        SandboxSnapshot parsed = SandboxSnapshot.parse(("{\"items\":[" + object("v1", "Service", "default", "a", null)
                + ",{\"kind\":\"Service\",\"metadata\":{\"name\":\"b\"}},42]}").getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.objects()).hasSize(3);
    }

    @Test
    void bytesThatAreNotUtf8AreSaidToBeSoNotQuotedAsGarbage() {
        byte[] garbage = {0x00, (byte) 0xff, ' ', 'g', 'a', 'r', 'b', 'a', 'g', 'e', ' ', (byte) 0xfe};
        assertThatThrownBy(() -> SandboxSnapshot.parse(garbage))
                .isInstanceOf(SandboxSnapshot.UnreadableSnapshotException.class)
                .hasMessage("it is not text (not UTF-8: byte 0xff at offset 1)");
        // UTF-8 that is not JSON is quoted as it is
        assertThatThrownBy(() -> SandboxSnapshot.parse("größe".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("it is not JSON: ").hasMessageContaining("größe");
    }

    @Test
    void anUnreadableFileIsMovedAsideNeverDeleted() throws Exception {
        Path path = dir.resolve("objects.json");
        Files.writeString(path, "{\"items\": [ cut short");
        SnapshotFile file = new SnapshotFile(path);

        SnapshotFile.Loaded loaded = file.load();

        assertThat(loaded).isInstanceOfSatisfying(SnapshotFile.Unreadable.class, unreadable -> {
            assertThat(unreadable.reason()).startsWith("it is not JSON");
            assertThat(unreadable.setAsideTo().getFileName().toString()).matches(
                    "objects\\.unreadable-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\dZ\\.json");
            assertThat(unreadable.setAsideTo()).hasContent("{\"items\": [ cut short");
        });
        assertThat(path).doesNotExist();
        assertThat(file.load()).isInstanceOf(SnapshotFile.Absent.class);
    }

    @Test
    void settingAsideTwiceInOneSecondKeepsBoth() throws Exception {
        Path path = dir.resolve("objects.json");
        SnapshotFile file = new SnapshotFile(path);
        assertThat(file.moveAside("set-aside")).as("nothing to set aside").isNull();
        Files.writeString(path, "first");
        Path one = file.moveAside("set-aside");
        Files.writeString(path, "second");
        Path copy = file.copyAside("set-aside");
        Path two = file.moveAside("set-aside");
        assertThat(List.of(one, copy, two)).doesNotHaveDuplicates();
        assertThat(one).hasContent("first");
        assertThat(copy).hasContent("second");
        assertThat(two).hasContent("second");
    }

    @Test
    void savedAtomicallyForTheOwnerOnlyLeavingNoTemporaryFile() throws Exception {
        Path path = dir.resolve("objects.json");
        SnapshotFile file = new SnapshotFile(path);
        SandboxSnapshot snapshot = SandboxSnapshot.of(List.of(object("v1", "Secret", "default", "s", null)));
        file.save(snapshot);
        file.save(snapshot);
        assertThat(file.load()).isInstanceOfSatisfying(SnapshotFile.Found.class, found ->
                assertThat(found.snapshot()).isEqualTo(snapshot));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files.map(Path::getFileName).map(Path::toString)).containsExactly("objects.json");
        }
    }

    @Test
    void aFileProblemGivesTheSystemsReasonNotThePathAgain() {
        assertThat(FileProblems.reason(new java.nio.file.AccessDeniedException("/x/.objects.json123.tmp")))
                .isEqualTo("permission denied");
        assertThat(FileProblems.reason(new java.nio.file.FileSystemException("/x/objects.json", null,
                "Is a directory"))).isEqualTo("Is a directory");
        assertThat(FileProblems.reason(new java.nio.file.NoSuchFileException("/x/objects.json")))
                .isEqualTo("no such file or directory");
        assertThat(FileProblems.whosePermissions(dir.resolve("objects.json"))).isEqualTo("the file's permissions");
    }
}
