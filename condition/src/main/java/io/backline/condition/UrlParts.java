package io.backline.condition;

/** {@code req.url.basename}, {@code dirname} and {@code ext}, as Fastly derives them from the path. */
final class UrlParts {
    private UrlParts() {}

    static String basename(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    static String dirname(String path) {
        int slash = path.lastIndexOf('/');
        if (slash <= 0) {
            return slash == 0 ? "/" : ".";
        }
        return path.substring(0, slash);
    }

    static String ext(String path) {
        var base = basename(path);
        int dot = base.lastIndexOf('.');
        return dot < 0 ? "" : base.substring(dot + 1);
    }
}
