import Learning

/// A client's prepared data as its trainer sees it: relabelling numbers a sample's label by its
/// place among the task's classes; the model numbers classes as its dataset does. Pure, tested alone.
package enum PreparedDataset {
    /// `prepared` with each label carried, by class name, onto `reference`'s class index (its
    /// `classCount` and `labelNames`); its values are kept as they are.
    /// - Throws: ``FederationError`` when a class of `prepared` is not one of `reference`'s, or the
    ///   samples' shape is not `reference`'s.
    package static func onClasses(of reference: Dataset, _ prepared: Dataset) throws(FederationError) -> Dataset {
        var index: [Int32] = []
        for name in prepared.labelNames {
            guard let i = reference.labelNames.firstIndex(of: name) else {
                throw FederationError(
                    .invalidSetting,
                    """
                    the prepared data's class '\(name)' is not a class of \(reference.name) \
                    (\(reference.labelNames.joined(separator: ", "))): the task's classes must be the dataset's
                    """
                )
            }
            index.append(Int32(i))
        }
        guard prepared.sampleShape == reference.sampleShape else {
            throw FederationError(
                .invalidSetting,
                """
                the prepared data's samples are \(DataCard.shapeText(prepared.sampleShape)); \(reference.name)'s are \
                \(DataCard.shapeText(reference.sampleShape))
                """
            )
        }
        do {
            return try Dataset(
                name: prepared.name, features: prepared.features, labels: prepared.labels.map { index[Int($0)] },
                featureCount: prepared.featureCount, classCount: reference.classCount,
                labelNames: reference.labelNames, sampleShape: prepared.sampleShape,
                pixelEncoding: reference.pixelEncoding)
        } catch {
            throw FederationError(.invalidSetting, "the prepared data: \(error.message)")
        }
    }
}
