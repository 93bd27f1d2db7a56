/// One release of the ROME, replaced as a whole.
public struct RomeReferential: Sendable, Hashable {
    public var metiers: [RomeMetier]
    public var appellations: [RomeAppellation]
    public var competences: [Competence]
    public var competenceLinks: [CompetenceLink]
    public var mobilityLinks: [MobilityLink]

    public init(metiers: [RomeMetier], appellations: [RomeAppellation] = [], competences: [Competence] = [],
                competenceLinks: [CompetenceLink] = [], mobilityLinks: [MobilityLink] = []) {
        self.metiers = metiers
        self.appellations = appellations
        self.competences = competences
        self.competenceLinks = competenceLinks
        self.mobilityLinks = mobilityLinks
    }

    var rowCount: Int {
        metiers.count + appellations.count + competences.count + competenceLinks.count + mobilityLinks.count
    }
}
