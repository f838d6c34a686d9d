import factory

from dxoffice.core.models import OrgUnit, Role, RoleGrant, UnitKind, User


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    kind = UnitKind.COMMUNE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    password = factory.PostGeneration(
        lambda user, create, extracted: user.set_password(extracted or "pw-test-12345")
    )

    @factory.post_generation
    def persist_password(self, create, extracted, **kwargs):
        if create:
            self.save()


def user_with_role(role: str, unit: OrgUnit, **kwargs) -> User:
    user = UserFactory(unit=unit, **kwargs)
    RoleGrant.objects.create(user=user, unit=unit, role=role)
    return user


__all__ = ["OrgUnitFactory", "UserFactory", "user_with_role", "Role", "UnitKind"]
