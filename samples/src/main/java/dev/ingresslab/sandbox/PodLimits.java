package dev.ingresslab.sandbox;

/**
 * How many simulated Pods the sandbox runs: at most {@value #PER_DEPLOYMENT} per Deployment and {@value #TOTAL} in
 * all, the same on every path (a live {@code kubectl scale}, an apply, a restored Deployment). Each simulated Pod is
 * a real HTTP server on loopback ({@link SampleBackend}: a listening socket and its threads), so a replica count
 * such as 100000 would otherwise start servers until the machine runs out of threads or ports. {@value
 * #PER_DEPLOYMENT} is more than any exercise of the book scales a Deployment to (it scales to 2-5 to watch traffic
 * spread); {@value #TOTAL} in all is a few hundred threads, light for a laptop, and room for five Deployments at the
 * cap. A Deployment held below its replicas says so: a Warning Event {@value #REASON} on it and its {@code
 * ReplicaFailure} condition, which {@code kubectl describe deployment} shows.
 */
final class PodLimits {

    static final int PER_DEPLOYMENT = 20;
    static final int TOTAL = 100;
    /** The Event's and condition's reason. */
    static final String REASON = "SandboxPodLimit";

    private PodLimits() {
    }

    /** The replicas a ReplicaSet of a Deployment asking for {@code wanted} gets: 0 to {@link #PER_DEPLOYMENT}. */
    static int perDeployment(int wanted) {
        return Math.max(0, Math.min(wanted, PER_DEPLOYMENT));
    }

    /** The words for a Deployment held at the per-Deployment cap. */
    static String perDeploymentMessage(int wanted) {
        return "the sandbox runs at most " + PER_DEPLOYMENT + " simulated pods per Deployment (" + TOTAL
                + " in all; each is a real server on loopback): " + PER_DEPLOYMENT + " of the " + wanted
                + " replicas run; scale to " + PER_DEPLOYMENT + " or fewer, e.g. kubectl scale deployment <name>"
                + " --replicas=" + PER_DEPLOYMENT;
    }

    /** The words for a Deployment held short because all Deployments together reached {@link #TOTAL}. */
    static String totalMessage(int running, int wanted) {
        return "the sandbox runs at most " + TOTAL + " simulated pods in all (each is a real server on loopback),"
                + " and has reached that: " + running + " of the " + wanted + " replicas run; scale other"
                + " Deployments down or delete some to make room";
    }
}
