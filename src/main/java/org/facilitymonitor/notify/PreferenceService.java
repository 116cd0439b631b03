package org.facilitymonitor.notify;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.facilitymonitor.notify.NotifyViews.PersonUpsert;
import org.facilitymonitor.notify.NotifyViews.PersonView;
import org.facilitymonitor.notify.NotifyViews.TeamUpsert;
import org.facilitymonitor.notify.NotifyViews.TeamView;
import org.facilitymonitor.platform.Ids;
import org.facilitymonitor.platform.ProblemException;
import org.facilitymonitor.platform.ProblemException.FieldError;
import org.facilitymonitor.rules.Severity;
import org.facilitymonitor.security.CurrentUser;

/**
 * People, teams and their notification preferences. E-mail addresses and webhook URLs are personal
 * data: only admins and engineers see them. People and teams have no site of their own; their site
 * filter stands in for it: a user granted some sites sees those whose filter is empty (every site)
 * or names one of its sites, and manages only those whose filter lies within its sites.
 */
@ApplicationScoped
@Transactional
public class PreferenceService {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final int MAX_LIST = 500;
    private static final String CONTROL = "must not contain line breaks or control characters";

    @Inject
    Clock clock;
    @Inject
    CurrentUser user;
    @Inject
    WebhookGuard webhooks;

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<PersonView> persons(String team) {
        List<Person> persons = team == null ? Person.listAll(Sort.by("id"))
                : Person.list("select p from Person p where ?1 member of p.teams order by p.id", team);
        Set<String> teams = visibleTeams();
        return persons.stream().filter(this::visible).map(p -> view(p, teams)).toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<PersonView> person(String id) {
        return Person.<Person>findByIdOptional(id).filter(this::visible).map(p -> view(p, visibleTeams()));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<TeamView> teams() {
        Set<String> persons = visiblePersons();
        return Team.<Team>listAll(Sort.by("id")).stream().filter(this::visible).map(t -> view(t, persons)).toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<TeamView> team(String id) {
        return Team.<Team>findByIdOptional(id).filter(this::visible).map(t -> view(t, visiblePersons()));
    }

    /** Creates or replaces a person; true when created. Every invalid field is reported at once (422). */
    public boolean putPerson(String id, PersonUpsert body) {
        Person person = Person.findById(id);
        if (person != null && !manageable(person)) {
            throw ProblemException.notFound("person", id);
        }
        List<FieldError> errors = validate(body.name(), body.email(), body.webhookUrl(), body.channels(), body.sites());
        List<String> teams = body.teams() == null ? List.of() : body.teams();
        if (teams.size() > MAX_LIST) {
            errors.add(new FieldError("teams", "at most " + MAX_LIST + " teams"));
            teams = List.of();
        }
        Set<String> visibleTeams = visibleTeams();
        for (int i = 0; i < teams.size(); i++) {
            Team team = Team.findById(teams.get(i));
            if (team == null || visibleTeams != null && !visibleTeams.contains(team.id)) {
                errors.add(new FieldError("teams[" + i + "]", "team '" + teams.get(i) + "' does not exist"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("person '" + id + "' is invalid", errors);
        }
        boolean created = person == null;
        if (created) {
            person = new Person();
            person.id = id;
        }
        apply(person, body.name(), body.email(), body.webhookUrl(), body.channels(), body.minSeverity(), body.sites());
        // memberships in teams this user cannot see are not its to drop
        Set<String> kept = new LinkedHashSet<>();
        if (visibleTeams != null) {
            person.teams.stream().filter(t -> !visibleTeams.contains(t)).forEach(kept::add);
        }
        kept.addAll(teams);
        person.teams.clear();
        person.teams.addAll(kept);
        if (created) {
            person.persist();
        }
        return created;
    }

    /** Creates or replaces a team (its members are kept); true when created. */
    public boolean putTeam(String id, TeamUpsert body) {
        Team team = Team.findById(id);
        if (team != null && !manageable(team)) {
            throw ProblemException.notFound("team", id);
        }
        List<FieldError> errors = validate(body.name(), body.email(), body.webhookUrl(), body.channels(), body.sites());
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("team '" + id + "' is invalid", errors);
        }
        boolean created = team == null;
        if (created) {
            team = new Team();
            team.id = id;
        }
        apply(team, body.name(), body.email(), body.webhookUrl(), body.channels(), body.minSeverity(), body.sites());
        if (created) {
            team.persist();
        }
        return created;
    }

    public void deletePerson(String id) {
        Person person = Person.findById(id);
        if (person == null || !manageable(person)) {
            throw ProblemException.notFound("person", id);
        }
        person.delete();
    }

    /** Deletes a team; its memberships go with it (the people stay). */
    public void deleteTeam(String id) {
        Team team = Team.findById(id);
        if (team == null || !manageable(team)) {
            throw ProblemException.notFound("team", id);
        }
        team.delete();
    }

    private boolean visible(SubscriberEntity e) {
        Optional<Set<String>> granted = user.sites();
        return granted.isEmpty() || e.sites.length == 0 || Arrays.stream(e.sites).anyMatch(granted.get()::contains);
    }

    private boolean manageable(SubscriberEntity e) {
        Optional<Set<String>> granted = user.sites();
        return granted.isEmpty() || e.sites.length > 0 && granted.get().containsAll(Arrays.asList(e.sites));
    }

    /** Ids of the teams this user sees; null for all of them. */
    private Set<String> visibleTeams() {
        return user.sites().isEmpty() ? null
                : Team.<Team>streamAll().filter(this::visible).map(t -> t.id).collect(Collectors.toSet());
    }

    /** Ids of the people this user sees; null for all of them. */
    private Set<String> visiblePersons() {
        return user.sites().isEmpty() ? null
                : Person.<Person>streamAll().filter(this::visible).map(p -> p.id).collect(Collectors.toSet());
    }

    private PersonView view(Person p, Set<String> visibleTeams) {
        return PersonView.of(p, user.seesPersonalData(),
                p.teams.stream().filter(t -> visibleTeams == null || visibleTeams.contains(t)).toList());
    }

    private TeamView view(Team t, Set<String> visiblePersons) {
        return TeamView.of(t, user.seesPersonalData(), Team.memberIds(t.id).stream()
                .filter(p -> visiblePersons == null || visiblePersons.contains(p)).toList());
    }

    private void apply(SubscriberEntity e, String name, String email, String webhookUrl, Set<Channel> channels,
            Severity minSeverity, List<String> sites) {
        e.name = name.strip();
        e.email = blankToNull(email);
        e.webhookUrl = blankToNull(webhookUrl);
        e.channels = (channels == null ? Set.<Channel>of() : channels).stream().sorted().map(Channel::name)
                .toArray(String[]::new);
        e.minSeverity = minSeverity == null ? Severity.INFO : minSeverity;
        e.sites = new LinkedHashSet<>(sites == null ? List.<String>of() : sites).toArray(String[]::new);
        e.updatedAt = clock.instant();
    }

    private List<FieldError> validate(String name, String email, String webhookUrl, Set<Channel> channels,
            List<String> sites) {
        List<FieldError> errors = new ArrayList<>();
        Set<Channel> enabled = channels == null ? Set.of() : channels;
        if (name == null || name.isBlank() || name.length() > 200) {
            errors.add(new FieldError("name", "required, at most 200 characters"));
        } else if (HeaderText.hasControl(name)) {
            errors.add(new FieldError("name", CONTROL));
        }
        if (HeaderText.hasControl(email)) {
            errors.add(new FieldError("email", CONTROL));
        } else if (blankToNull(email) != null && (email.length() > 320 || !EMAIL.matcher(email.strip()).matches())) {
            errors.add(new FieldError("email", "not an e-mail address: " + email));
        } else if (blankToNull(email) == null && enabled.contains(Channel.EMAIL)) {
            errors.add(new FieldError("email", "required when the EMAIL channel is enabled"));
        }
        if (blankToNull(webhookUrl) != null) {
            try {
                webhooks.check(webhookUrl);
            } catch (WebhookGuard.Refused e) {
                errors.add(new FieldError("webhookUrl", e.getMessage()));
            }
        } else if (enabled.contains(Channel.WEBHOOK)) {
            errors.add(new FieldError("webhookUrl", "required when the WEBHOOK channel is enabled"));
        }
        List<String> siteList = sites == null ? List.of() : sites;
        if (siteList.size() > MAX_LIST) {
            errors.add(new FieldError("sites", "at most " + MAX_LIST + " sites"));
            siteList = List.of();
        }
        for (int i = 0; i < siteList.size(); i++) {
            if (!Ids.isValid(siteList.get(i))) {
                errors.add(new FieldError("sites[" + i + "]", "not a site id: " + siteList.get(i)));
            } else {
                user.requireSite(siteList.get(i)); // a site not granted answers 404, as if it did not exist
            }
        }
        if ((sites == null || sites.isEmpty()) && user.sites().isPresent()) {
            errors.add(new FieldError("sites", "required: a user granted only some sites manages the people and teams"
                    + " of those sites (no sites means every site)"));
        }
        return errors;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
