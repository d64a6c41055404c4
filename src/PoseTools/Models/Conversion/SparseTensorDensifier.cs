using PoseTools.Models.TfLite;

namespace PoseTools.Models.Conversion;

/// <summary>
/// Expands a tensor stored in TFLite's sparse format (traversal order, optional block map, per-level
/// DENSE sizes or CSR segments/indices) into its dense row-major values, as the DENSIFY operator would.
/// </summary>
internal static class SparseTensorDensifier
{
    public static float[] Densify(int[] denseShape, TfLiteSparsity sparsity, float[] storedValues, string tensorLabel)
    {
        int rank = denseShape.Length;
        int levels = sparsity.TraversalOrder.Length;
        int blockDims = sparsity.BlockMap.Length;
        if (levels != rank + blockDims || sparsity.Dimensions.Count != levels)
            throw new ModelConversionException(
                $"{tensorLabel}: sparsity has {levels} traversal levels and {sparsity.Dimensions.Count} dimension records for a rank-{rank} tensor with {blockDims} block dimensions");

        var blockSize = new int[blockDims];
        for (int level = 0; level < levels; level++)
        {
            int dim = sparsity.TraversalOrder[level];
            if (dim < 0 || dim >= levels) throw new ModelConversionException($"{tensorLabel}: traversal order names dimension {dim}");
            if (dim >= rank) blockSize[dim - rank] = sparsity.Dimensions[level].DenseSize;
        }

        var dense = new float[denseShape.Aggregate(1, (a, b) => a * b)];
        var strides = ConstantTensor.Strides(denseShape);
        var levelIndex = new int[levels];
        int consumed = 0;

        void Visit(int level, int parentPosition)
        {
            if (level == levels)
            {
                if (consumed >= storedValues.Length)
                    throw new ModelConversionException($"{tensorLabel}: sparse indices address more values than the {storedValues.Length} stored");
                dense[FlatIndex()] = storedValues[consumed++];
                return;
            }
            var meta = sparsity.Dimensions[level];
            if (!meta.IsSparse)
            {
                for (int i = 0; i < meta.DenseSize; i++)
                {
                    levelIndex[level] = i;
                    Visit(level + 1, parentPosition * meta.DenseSize + i);
                }
                return;
            }
            if (parentPosition + 1 >= meta.Segments.Length)
                throw new ModelConversionException($"{tensorLabel}: CSR segment {parentPosition} missing at level {level}");
            int from = meta.Segments[parentPosition], to = meta.Segments[parentPosition + 1];
            if (from < 0 || to < from || to > meta.Indices.Length)
                throw new ModelConversionException($"{tensorLabel}: CSR segment [{from}, {to}) out of range at level {level}");
            for (int i = from; i < to; i++)
            {
                levelIndex[level] = meta.Indices[i];
                Visit(level + 1, i);
            }
        }

        int FlatIndex()
        {
            Span<int> coordinate = stackalloc int[rank];
            for (int level = 0; level < rank; level++) coordinate[sparsity.TraversalOrder[level]] = levelIndex[level];
            for (int level = rank; level < levels; level++)
            {
                int block = sparsity.TraversalOrder[level] - rank;
                int dim = sparsity.BlockMap[block];
                coordinate[dim] = coordinate[dim] * blockSize[block] + levelIndex[level];
            }
            int flat = 0;
            for (int d = 0; d < rank; d++)
            {
                if ((uint)coordinate[d] >= (uint)denseShape[d])
                    throw new ModelConversionException($"{tensorLabel}: sparse index {coordinate[d]} outside dimension {d} of size {denseShape[d]}");
                flat += coordinate[d] * strides[d];
            }
            return flat;
        }

        Visit(0, 0);
        if (consumed != storedValues.Length)
            throw new ModelConversionException($"{tensorLabel}: {storedValues.Length} values stored but the sparse indices address {consumed}");
        return dense;
    }
}
