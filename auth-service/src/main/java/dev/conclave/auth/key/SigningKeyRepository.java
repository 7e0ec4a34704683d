package dev.conclave.auth.key;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

interface SigningKeyRepository extends JpaRepository<SigningKeyEntity, String> {

    /** Newest first: the first one signs, all of them verify. */
    List<SigningKeyEntity> findAllByOrderByCreatedAtDesc();
}
