package io.mirage.world.shell;

import io.mirage.scenario.Address;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * mail (mailx): sends through the world's own delivery, so a message sent here is the same
 * {@code MessageSent} (via SHELL) as one sent with the email tools, and bounces by the same rules.
 * The body comes from stdin; a file attached with {@code -A} is appended to it as text, and with an
 * attachment the body may be left out.
 */
final class MailCommand {
    private MailCommand() {}

    static void register(Consumer<Command.Spec> add) {
        String synopsis = "mail -s SUBJECT [-c CC] [-A FILE] ADDRESS...   (body from a pipe or < FILE)";
        add.accept(new Command.Spec("mail", synopsis, MailCommand::mail));
        add.accept(new Command.Spec("mailx", "mailx   (the same as mail)", MailCommand::mail));
    }

    private static int mail(Call c) throws Opts.UsageError {
        Opts o = Opts.parse(c.args, "nNvEtid", "scbrAa", "subject=s", "cc=c", "bcc=b", "attach=A");
        if (o.operands().isEmpty()) {
            if (o.values().isEmpty()) return c.fail("No mail for " + c.m.setup.user());
            throw new Opts.UsageError("no recipients");
        }
        boolean attaches = o.values().containsKey('A') || o.values().containsKey('a');
        if (c.stdin == null && !attaches) {
            return c.fail("no message body: pipe it in (echo BODY | mail -s SUBJECT ADDRESS) or redirect a file (< FILE)");
        }
        // With an attachment and nothing on stdin, the message is the attachment alone (mailx reads an empty body).
        StringBuilder body = new StringBuilder(c.stdin == null ? "" : c.stdin);
        for (char flag : new char[] {'A', 'a'}) {
            String file = o.values().get(flag);
            if (file == null) continue;
            String text = Net.readOrNull(c, file);
            if (text == null) return c.fail(file + ": No such file or directory");
            if (!body.isEmpty()) body.append(body.toString().endsWith("\n") ? "\n" : "\n\n");
            body.append("[attachment: ").append(VirtualFileSystem.name(c.fs().resolve(file))).append("]\n").append(text);
        }
        List<String> cc = new ArrayList<>();
        // The world has no blind copies: -b recipients are copied openly.
        for (char flag : new char[] {'c', 'b'}) if (o.values().containsKey(flag)) cc.addAll(Address.split(o.values().get(flag)));
        List<String> to = new ArrayList<>();
        // each operand may hold several addresses, and name-addr forms if quoted ('Anne Kowalski <anne@faa.example>')
        o.operands().forEach(a -> to.addAll(Address.split(a)));
        Optional<String> refused = c.m.world().sendMail(c.m.turn(), c.m.callId(), to, cc, o.value('s', ""), body.toString());
        return refused.map(c::fail).orElse(0);
    }
}
