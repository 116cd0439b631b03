package org.facilitymonitor.notify;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.List;

/** A crew or a group; its own e-mail/webhook (a shared mailbox, a chat hook) and filters apply to team-targeted notifications. */
@Entity
@Table(name = "notify_team")
public class Team extends SubscriberEntity {

    static String recipient(String id) {
        return "team:" + id;
    }

    @SuppressWarnings("unchecked")
    static List<String> memberIds(String teamId) {
        return getEntityManager()
                .createNativeQuery("select person_id from notify_team_member where team_id = :team order by person_id")
                .setParameter("team", teamId).getResultList();
    }
}
