"""The partners part of the REST API: agreements and their commitments, the tasks assigned from a
commitment or a school project, enterprises and support cases, and the enterprise's own side
(its profile, requests, self-assessment and ratings), the partners and the solutions catalogue, read
by those who may and kept by the DX office."""

from ninja import Router

from dxoffice.partners.api import agreements, cases, catalogue, keeping, own

router = Router()
router.add_router("", agreements.router)
router.add_router("", agreements.commitments)
router.add_router("", agreements.school_projects)
router.add_router("", cases.enterprises)
router.add_router("", cases.cases)
router.add_router("", own.profiles)
router.add_router("", own.requests)
router.add_router("", own.maturity)
router.add_router("", catalogue.catalogue)  # with the writes of `keeping`

__all__ = ["keeping", "router"]
