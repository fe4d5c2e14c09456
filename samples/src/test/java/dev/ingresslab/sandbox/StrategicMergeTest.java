package dev.ingresslab.sandbox;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Merge patches as the API server applies them: RFC 7386, and the strategic merge of the Kubernetes types. */
class StrategicMergeTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static String apply(MergeKeys keys, String original, String patch) throws Exception {
        return new StrategicMerge(keys).apply(JSON.readTree(original.replace('\'', '"')),
                JSON.readTree(patch.replace('\'', '"'))).toString().replace('"', '\'');
    }

    @Test
    void jsonMergePatchMergesMapsDeletesNullsAndReplacesLists() throws Exception {
        assertThat(apply(MergeKeys.NONE, "{'a':{'b':1,'c':2},'l':[1,2],'k':'v'}", "{'a':{'b':9,'c':null},'l':[3]}"))
                .isEqualTo("{'a':{'b':9},'l':[3],'k':'v'}");
        assertThat(apply(MergeKeys.NONE, "{'a':1}", "{'$patch':'delete'}"))
                .as("directives are plain fields to a JSON merge patch").isEqualTo("{'a':1,'$patch':'delete'}");
    }

    @Test
    void keyedListsMergeByTheirKey() throws Exception {
        String deployment = "{'spec':{'template':{'spec':{'containers':[{'name':'web','image':'a'},"
                + "{'name':'side','image':'b'}]}}}}";
        assertThat(apply(MergeKeys.forKind("Deployment"), deployment,
                "{'spec':{'template':{'spec':{'containers':[{'name':'web','image':'c'},{'name':'new','image':'d'}]}}}}"))
                .isEqualTo("{'spec':{'template':{'spec':{'containers':[{'name':'web','image':'c'},"
                        + "{'name':'side','image':'b'},{'name':'new','image':'d'}]}}}}");
        assertThat(apply(MergeKeys.forKind("Deployment"), deployment,
                "{'spec':{'template':{'spec':{'containers':[{'name':'side','$patch':'delete'}]}}}}"))
                .isEqualTo("{'spec':{'template':{'spec':{'containers':[{'name':'web','image':'a'}]}}}}");
        assertThat(apply(MergeKeys.forKind("Service"), "{'spec':{'ports':[{'port':80,'name':'http'}]}}",
                "{'spec':{'ports':[{'port':80,'targetPort':8080}]}}"))
                .isEqualTo("{'spec':{'ports':[{'port':80,'name':'http','targetPort':8080}]}}");
    }

    @Test
    void atomicListsAreReplacedWhole() throws Exception {
        assertThat(apply(MergeKeys.forKind("Ingress"), "{'spec':{'rules':[{'host':'a'},{'host':'b'}]}}",
                "{'spec':{'rules':[{'host':'c'}]}}")).isEqualTo("{'spec':{'rules':[{'host':'c'}]}}");
    }

    @Test
    void directivesKubectlWritesAreObeyed() throws Exception {
        MergeKeys deployment = MergeKeys.forKind("Deployment");
        String containers = "{'spec':{'template':{'spec':{'containers':[{'name':'a'},{'name':'b'},{'name':'c'}]}}}}";
        assertThat(apply(deployment, containers, "{'spec':{'template':{'spec':{'$setElementOrder/containers':"
                + "[{'name':'c'},{'name':'a'}],'containers':[{'name':'b','$patch':'delete'}]}}}}"))
                .isEqualTo("{'spec':{'template':{'spec':{'containers':[{'name':'c'},{'name':'a'}]}}}}");
        assertThat(apply(deployment, "{'metadata':{'finalizers':['x','y']}}",
                "{'metadata':{'$deleteFromPrimitiveList/finalizers':['x'],'finalizers':['z']}}"))
                .isEqualTo("{'metadata':{'finalizers':['y','z']}}");
        assertThat(apply(deployment, "{'spec':{'a':1,'b':2}}", "{'spec':{'$patch':'replace','c':3}}"))
                .isEqualTo("{'spec':{'c':3}}");
        assertThat(apply(deployment, "{'spec':{'a':1,'b':2,'c':3}}", "{'spec':{'$retainKeys':['a','c'],'c':4}}"))
                .isEqualTo("{'spec':{'a':1,'c':4}}");
    }

    @Test
    void badPatchesAreRefusedWithAReason() {
        assertThatThrownBy(() -> apply(MergeKeys.forKind("Deployment"), "{}", "[1]"))
                .hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> apply(MergeKeys.forKind("Deployment"),
                "{'spec':{'template':{'spec':{'containers':[{'name':'a'}]}}}}",
                "{'spec':{'template':{'spec':{'containers':[{'image':'x'}]}}}}"))
                .hasMessageContaining("does not contain declared merge key: name");
        assertThatThrownBy(() -> apply(MergeKeys.forKind("Pod"), "{}", "{'$patch':'explode'}"))
                .hasMessageContaining("unknown patch type: explode");
    }

    @Test
    void theOriginalIsNotChanged() throws Exception {
        JsonNode original = JSON.readTree("{\"a\":{\"b\":1}}");
        new StrategicMerge(MergeKeys.NONE).apply(original, JSON.readTree("{\"a\":{\"b\":2}}"));
        assertThat(original.toString()).isEqualTo("{\"a\":{\"b\":1}}");
    }
}
