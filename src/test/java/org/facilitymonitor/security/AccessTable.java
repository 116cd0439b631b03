package org.facilitymonitor.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The access table of docs/security.md, read as rules: the first row whose methods and path
 * pattern match an operation says who may call it. {@code *} matches one path segment, {@code **}
 * any number; "everyone" is every role; "anonymous" means no login is needed.
 */
record AccessTable(List<Rule> rules) {

    static final List<String> ROLES = List.of("admin", "engineer", "crew", "manager", "viewer");

    record Rule(Set<String> methods, List<Pattern> paths, Set<String> roles, boolean anonymous, String text) {

        boolean matches(String method, String path) {
            return (methods.contains("*") || methods.contains(method)) && paths.stream().anyMatch(p -> p.matcher(path).matches());
        }
    }

    static AccessTable read(Path docs) throws IOException {
        List<Rule> rules = new ArrayList<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(docs)) {
            if (line.startsWith("<!-- access-table -->")) {
                inTable = true;
                continue;
            }
            if (line.startsWith("<!-- /access-table -->")) {
                break;
            }
            if (!inTable || !line.startsWith("|") || line.startsWith("|---") || line.startsWith("| Methods")) {
                continue;
            }
            String[] cells = line.split("\\|");
            Set<String> methods = new LinkedHashSet<>(Arrays.asList(cells[1].trim().split("[ ,]+")));
            List<Pattern> paths = Arrays.stream(cells[2].split(","))
                    .map(p -> p.trim().replace("`", ""))
                    .filter(p -> !p.isEmpty())
                    .map(AccessTable::glob).toList();
            Set<String> roles = new LinkedHashSet<>();
            boolean anonymous = false;
            for (String word : cells[3].trim().split("[ ,]+")) {
                switch (word) {
                    case "everyone" -> roles.addAll(ROLES);
                    case "anonymous" -> anonymous = true;
                    default -> {
                        if (!ROLES.contains(word)) {
                            throw new IllegalStateException("docs/security.md access table: unknown role '" + word + "' in " + line);
                        }
                        roles.add(word);
                    }
                }
            }
            rules.add(new Rule(methods, paths, roles, anonymous, line));
        }
        if (rules.isEmpty()) {
            throw new IllegalStateException("docs/security.md has no access table between <!-- access-table --> markers");
        }
        return new AccessTable(rules);
    }

    Optional<Rule> ruleFor(String method, String path) {
        return rules.stream().filter(r -> r.matches(method, path)).findFirst();
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]+");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
