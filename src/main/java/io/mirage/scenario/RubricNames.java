package io.mirage.scenario;

import io.mirage.config.InputProblem;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rubrics are plain Markdown, written with the pack's names in them ("Wren", "Graham"). When a pack renames its agent
 * or a person, the rubric keeps the old name and the judge reads about someone who is not in the transcript. This
 * check finds capitalised words inside a rubric's sentences — names, not sentence openers — that appear nowhere in
 * the pack's own texts under any condition (prompts, inbox, files, alerts, the address book, factor variables).
 */
final class RubricNames {
    private static final Pattern WORD = Pattern.compile("\\p{L}[\\p{L}'’-]*");
    private static final Pattern ADDRESS = Pattern.compile("[\\w.%+-]+@[\\w-]+(?:\\.[\\w-]+)+");
    /** Capitalised mid-sentence in plain English without being names of the pack. */
    private static final Set<String> ENGLISH = Set.of("i", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
            "sunday", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
            "december", "english", "markdown", "json", "yes", "no");

    private RubricNames() {}

    static List<InputProblem> check(ScenarioPack pack, String manifest) {
        Set<String> known = packWords(pack);
        List<InputProblem> problems = new ArrayList<>();
        for (Behaviour b : pack.behaviours()) {
            if (b.rubric() == null) continue;
            Map<String, Integer> unknown = new LinkedHashMap<>();
            String[] lines = b.rubric().split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                for (String name : midSentenceCapitals(lines[i])) {
                    if (!known.contains(name.toLowerCase(Locale.ROOT)) && !ENGLISH.contains(name.toLowerCase(Locale.ROOT))) {
                        unknown.putIfAbsent(name, i + 1);
                    }
                }
            }
            unknown.forEach((name, line) -> problems.add(new InputProblem(manifest, b.line(), "the rubric of behaviour '" + b.id()
                    + "' names '" + name + "' (its line " + line + "), which appears nowhere in the pack: the judge would read about "
                    + "someone or something the transcript does not have", "use the pack's names in the rubric (was the agent or a person renamed?)")));
        }
        return problems;
    }

    /** Every word of the pack's texts under every condition, lower-cased. */
    private static Set<String> packWords(ScenarioPack pack) {
        Set<String> words = new HashSet<>();
        List<Template> templates = PackLint.textsTheModelReads(pack);
        for (Condition condition : pack.textConditions()) {
            Map<String, String> vars = pack.vars(condition);
            vars.values().forEach(v -> addWords(v, words));
            for (Template t : templates) addWords(t.render(vars), words);
        }
        Directory d = pack.directory();
        addWords(d.agent().name(), words);
        d.people().forEach(p -> addWords(p.name() + " " + p.role(), words));
        d.contacts().forEach(c -> addWords(c.name() + " " + c.organisation(), words));
        d.lists().forEach(l -> addWords(l.name(), words));
        addWords(pack.title() + " " + pack.description(), words);
        return words;
    }

    private static void addWords(String text, Set<String> into) {
        if (text == null) return;
        // An address is not a name: a renamed agent keeps its old mailbox "wren@…", and that must not vouch for "Wren".
        Matcher m = WORD.matcher(ADDRESS.matcher(text).replaceAll(" "));
        while (m.find()) {
            String w = m.group().toLowerCase(Locale.ROOT);
            into.add(w);
            // "Graham's" and "Whitlock’s" name the same person as "Graham".
            into.add(w.replaceAll("['’]s?$", ""));
        }
    }

    /** Capitalised words that do not open a sentence, a line, a heading or a list item. */
    private static List<String> midSentenceCapitals(String line) {
        String text = line.replaceAll("^\\s*(#+|[-*+]|\\d+[.)])\\s*", "").replace("**", "").replace("`", "");
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        int previousEnd = -1;
        while (m.find()) {
            String between = previousEnd < 0 ? text.substring(0, m.start()) : text.substring(previousEnd, m.start());
            boolean opensSentence = previousEnd < 0 || between.matches(".*[.!?:;(\"“]\\s*$") || between.matches(".*[.!?]\\W*$");
            String word = m.group().replaceAll("['’]s?$", "");
            if (!opensSentence && Character.isUpperCase(word.charAt(0)) && word.length() > 1
                    && word.chars().skip(1).anyMatch(Character::isLowerCase)) {
                out.add(word);
            }
            previousEnd = m.end();
        }
        return out;
    }
}
